// OpenTelemetry spans for GraphQL operations, off unless configured. The plugin reports to the
// global tracer provider of @opentelemetry/api, which does nothing until an OpenTelemetry SDK is
// started in the process: with TRACING=1 main.ts starts one (otel-sdk.ts, OTLP/HTTP, configured by
// the standard OTEL_* environment variables); this module starts no SDK and no exporter.
import { useOpenTelemetry } from '@envelop/opentelemetry';
import { trace } from '@opentelemetry/api';

/** An envelop plugin; yoga's `plugins` takes it as it is. */
export type TracingPlugin = ReturnType<typeof useOpenTelemetry>;

/** The OpenTelemetry plugin when `enabled`, else a plugin that does nothing. */
export function tracingPlugin(enabled: boolean): TracingPlugin {
  if (!enabled) return {};
  // Without a provider the plugin would register its own, printing every span to the console:
  // always hand it the global one. No variables, results or resolver arguments in spans (they can
  // hold personal data and credentials); a document is recorded only when it has no inline arguments.
  return useOpenTelemetry(
    { variables: false, result: false, resolvers: false, document: true },
    trace.getTracerProvider(),
    undefined,
    {},
    'switchboard',
  );
}
