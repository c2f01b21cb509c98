export { HostSampler, type HostSamplerOptions } from './host-sampler';
export { readHostProfile, diskFree, diskFreeSync, type DiskFree } from './host-profile';
export { readHostMemory, parseMeminfo, parsePressure, type HostMemory, type HostMemoryOptions } from './host-memory';
export { cpuPercentBetween, readCpuTimes, parseProcStat, type CpuTimes } from './cpu-times';
export {
  CgroupLocator,
  locateContainerCgroup,
  detectCgroupVersion,
  type CgroupHost,
  type CgroupLocation,
  type CgroupLocatorOptions,
} from './cgroup-locator';
export {
  ContainerMemory,
  readCgroupWorkingSet,
  readCgroupPeak,
  workingSetFromStats,
  type ContainerMemoryOptions,
  type EngineMemoryStats,
} from './container-memory';
export {
  parseKeyValues,
  workingSet,
  parseMemoryLimit,
  parseBlkioV1,
  parseIoStatV2,
  parseNetDev,
  parseProcCgroup,
} from './cgroup-parsers';
export { queryNvidiaSmi, nvidiaSmiRows, smiNumber, mibAsBytes, type NvidiaSmiResult } from './nvidia-smi';
export { createHostHandlers } from './host-handlers';
export {
  ProbeReader,
  PROBE_SCRIPT,
  PROBE_END,
  PROBE_LABEL,
  DEFAULT_PROBE_IMAGE,
  type ProbeFigures,
} from './probe-output';
