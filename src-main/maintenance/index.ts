export { MaintenanceHolds, type HoldRecord } from './maintenance-holds';
export { OperationLock } from './operation-lock';
export { currentOwner, ownerAlive, type ProcessOwner } from './process-owner';
