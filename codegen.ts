// `npm run codegen`: typed documents (TypedDocumentNode) for the operations in schema/operations,
// generated from the committed schema file.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'schema/generated/': {
      preset: 'client',
      // persisted-documents.json: the manifest the gateway's trusted-documents mode accepts.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        enumsAsTypes: true,
        importExtension: '.ts',
        useTypeImports: true,
        scalars: {
          CountryCode: 'string',
          DateTime: 'string',
          EmailAddress: 'string',
          JSON: 'unknown',
          LocalDate: 'string',
          Locale: 'string',
          LocalTime: 'string',
          PhoneNumber: 'string',
          TimeZone: 'string',
        },
      },
    },
  },
};

export default config;
