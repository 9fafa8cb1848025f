import { BusError, BusErrorCode } from '@shiplog/bus';
import type { Bus } from '@shiplog/bus';

/**
 * Creates the bus topology when this account may; false when it may not (a worker or release
 * account may only use the job streams ingest or an operator created). Other errors throw.
 */
export async function ensureTopologyIfAllowed(bus: Bus): Promise<boolean> {
  try {
    await bus.ensureTopology();
    return true;
  } catch (err) {
    if (err instanceof BusError && err.code === BusErrorCode.PermissionDenied) return false;
    throw err;
  }
}
