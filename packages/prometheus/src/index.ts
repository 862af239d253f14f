export { DEFAULT_PREFIX, METRIC_NAMES } from './metric-names.js';
export {
  type PrometheusCacheMetrics,
  type PrometheusCacheMetricsOptions,
  prometheusCacheMetrics,
} from './prometheus-cache-metrics.js';
