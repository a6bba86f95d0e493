// The EmailAddress scalar: graphql-scalars' own refuses internationalised mailboxes (RFC 6531), which
// the vendors accept and hold; this one takes what isEmailAddress takes. Checked on the way in; on the
// way out every value was checked already, when its record was mapped (kit/normalize.ts toEmail).
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isEmailAddress } from '../../sources/kit/email-address.ts';

function emailAddress(value: unknown): string {
  if (typeof value !== 'string') throw new GraphQLError(`An email address must be a string; got ${typeof value}.`);
  if (!isEmailAddress(value)) throw new GraphQLError('Not an email address (local@domain; internationalised addresses are fine).');
  return value;
}

export const EmailAddressScalar = new GraphQLScalarType<string, string>({
  name: 'EmailAddress',
  description:
    'An email address, as RFC 5322 has it (a dot-atom local part) or with the UTF-8 and internationalised domain names of RFC 6531.',
  serialize(value) {
    if (typeof value !== 'string') throw new GraphQLError(`An email address must be a string; got ${typeof value}.`);
    return value;
  },
  parseValue: emailAddress,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(`An email address must be a string; got ${ast.kind}.`, { nodes: ast });
    return emailAddress(ast.value);
  },
});
