// The OpenTelemetry SDK that exports the spans of tracing.ts over OTLP/HTTP. main.ts imports this
// module only when TRACING=1, so with tracing off none of the SDK is loaded. Configured by the
// standard variables: OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
// OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME (default "switchboard"), OTEL_TRACES_SAMPLER,
// OTEL_BSP_* (batching of exports), OTEL_RESOURCE_ATTRIBUTES.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface TracingSdk {
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

export function startTracingSdk(env: NodeJS.ProcessEnv = process.env): TracingSdk {
  const sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter(),
    // Metrics are Prometheus' (/metrics) and logs pino's: the SDK exports traces only.
    metricReaders: [],
    logRecordProcessors: [],
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: 'switchboard' }),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
