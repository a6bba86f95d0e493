// Logs, metrics and traces of the gateway. Wiring (app.ts / main.ts):
//   const logger = createLogger({ level: config.logLevel });
//   const metrics = createMetrics();
//   http observer: combineObservers(metrics.vendorObserver, vendorLogObserver(logger))
//   yoga plugins: useRequestLog(logger), metrics.plugin, useMetricsEndpoint(metrics.registry), tracingPlugin(enabled)
//   yoga's own log calls: createYoga({ logging: yogaLogger(logger) })
//   the OpenTelemetry SDK (exporting spans): main.ts imports ./otel-sdk.ts when TRACING=1

export { type GraphQLRequestSummary, type OperationSummary, observeGraphQLRequests } from './graphql-requests.ts';
export { createLogger, type Logger, type LoggerOptions, REDACT_PATHS, scrubSecrets } from './logger.ts';
export {
  createMetrics,
  DEFAULT_MAX_OPERATION_NAMES,
  type GatewayMetrics,
  type MetricsEndpointOptions,
  type MetricsOptions,
  OperationNameLabels,
  serveMetrics,
  useMetricsEndpoint,
} from './metrics.ts';
export { type RequestLogLine, type RequestLogOptions, requestLogLine, useRequestLog, vendorLogObserver } from './request-log.ts';
export { type TracingPlugin, tracingPlugin } from './tracing.ts';
export {
  type BreakerState,
  breakerStateValue,
  combineObservers,
  type VendorCallEvent,
  type VendorCallOutcome,
  type VendorObserver,
} from './vendor-observer.ts';
export { type DeliveryMetric, type WebhookObserver, webhookMetrics } from './webhook-metrics.ts';
export { yogaLogger } from './yoga-logger.ts';
