// Requests email never authorises: password and MFA resets, new sign-in devices, access changes. The desk
// verifies the person out of band first (DOMAIN.md: caller identity before credential actions).
const PATTERNS: RegExp[] = [
  /\b(?:reset|change|unlock|new|temporary|forgot(?:ten)?|expired?)\b[^.\n]{0,40}\bpass(?:word|code|phrase)s?\b/i,
  /\bpass(?:word|code)s?\b[^.\n]{0,40}\b(?:reset|changed?|unlock(?:ed)?|expired|forgot(?:ten)?)\b/i,
  /\b(?:mfa|2fa|two[- ]factor|multi[- ]factor|authenticator|duo|okta verify|one[- ]time code|security key|token)\b[^.\n]{0,40}\b(?:reset|new|re-?enrol?l?|re-?register|lost|replace|remove|bypass|change)\b/i,
  /\b(?:reset|new|re-?enrol?l?|re-?register|lost|replace|remove|bypass|change)\b[^.\n]{0,40}\b(?:mfa|2fa|two[- ]factor|multi[- ]factor|authenticator|duo|okta verify|security key)\b/i,
  /\b(?:grant|give|add|change|elevate|remove|revoke|extend)\b[^.\n]{0,40}\b(?:access|permissions?|privileges?|admin rights|role)\b/i,
  /\b(?:access|permissions?|privileges?)\b[^.\n]{0,30}\b(?:request|change|to be (?:granted|added|changed))\b/i,
  /\b(?:locked out|account (?:is )?locked|unlock (?:my )?account)\b/i,
];

export type SensitiveRequest = 'credential_or_access';

/** Whether the message asks for something only an out-of-band identity check may authorise. */
export function sensitiveRequest(subject: string, body: string): SensitiveRequest | null {
  const text = `${subject}\n${body}`;
  return PATTERNS.some((re) => re.test(text)) ? 'credential_or_access' : null;
}
