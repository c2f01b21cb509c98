import type { FeatureHandlers } from '../rpc';
import { readHostProfile } from './host-profile';
import type { HostSampler } from './host-sampler';

export function createHostHandlers(sampler: HostSampler): FeatureHandlers<'host'> {
  return {
    'host:profile': () => readHostProfile(),
    'host:history': ({ seconds }) => sampler.history(seconds),
    'host:samples': (_input, emit) => sampler.subscribe(emit),
  };
}
