import type { FeatureHandlers } from '../rpc';
import type { HardwareService } from './hardware-service';

export function createHardwareHandlers(hardware: HardwareService): FeatureHandlers<'hardware'> {
  return {
    'hardware:profile': () => hardware.profile(),
    'hardware:recommendations': () => hardware.recommendations(),
    'hardware:overrides': () => hardware.overrides(),
    'hardware:apply': ({ id }) => hardware.apply(id),
    'hardware:undo': ({ id }) => hardware.undo(id),
    'hardware:raiseLimit': ({ service, bytes }) => hardware.raiseLimit(service, bytes),
    'hardware:disk': () => hardware.disk(),
    'hardware:prunePreview': ({ includeVolumes }) => hardware.prunePreview(includeVolumes ?? false),
    'hardware:prune': ({ previewId }) => hardware.prune(previewId),
  };
}
