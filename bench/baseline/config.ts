// The baseline's settings, from the gateway's vendor variables: where each vendor is and the
// credentials each call carries. A variable left unset stops the baseline at start.

export type Source = 'AMELIA' | 'KB_SUPPORT' | 'PLATFORM' | 'CRM';
export const SOURCES: readonly Source[] = ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'];

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`baseline: ${name} is not set`);
  return value;
}

export const AMELIA_URL = required('AMELIA_URL').replace(/\/+$/, '');
export const KBS_URL = required('KBS_URL').replace(/\/+$/, '');
export const PLATFORM_URL = required('PLATFORM_URL').replace(/\/+$/, '');
export const CRM_URL = required('CRM_URL').replace(/\/+$/, '');
export const ORGANIZATION = required('PLATFORM_ORGANIZATION');

export const AUTH: Record<Source, Record<string, string>> = {
  AMELIA: { Amelia: required('AMELIA_API_KEY') },
  KB_SUPPORT: { authorization: `Basic ${Buffer.from(`${required('KBS_USERNAME')}:${required('KBS_APP_PASSWORD')}`).toString('base64')}` },
  PLATFORM: { authorization: `Bearer ${required('PLATFORM_TOKEN')}`, accept: 'application/vnd.api+json' },
  CRM: { authorization: `Bearer ${required('CRM_TOKEN')}` },
};
