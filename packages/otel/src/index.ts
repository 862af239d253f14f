export {
  type CacheInstrumentation,
  type CacheInstrumentationOptions,
  instrumentCache,
} from './instrument-cache.js';
export { BREAKER_STATE_VALUE } from './instruments.js';
export { ATTRIBUTES, METRICS } from './names.js';
