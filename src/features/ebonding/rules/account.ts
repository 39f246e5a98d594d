// The name of a provider's e-bonding account. Pure.

const SLUG_MAX = 30;

/** `ebond-<short slug of the provider's name>` ("Epic Systems Corp." → "ebond-epic-systems-corp"); with the
 *  provider's id, a piece of it is added (for when that name is taken). */
export function accountUsername(providerName: string, providerId?: string): string {
  const slug =
    providerName
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, SLUG_MAX)
      .replace(/^-+|-+$/g, '') || 'provider';
  return providerId ? `ebond-${slug}-${providerId.replaceAll('-', '').slice(-6)}` : `ebond-${slug}`;
}
