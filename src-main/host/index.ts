export { HostSampler, type HostSamplerOptions } from './host-sampler';
export { readHostProfile, diskFree, type DiskFree } from './host-profile';
export { createHostHandlers } from './host-handlers';
export { cpuPercentBetween, readCpuTimes, type CpuTimes } from './cpu-times';
