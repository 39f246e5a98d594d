// Cookies of one site, as a browser keeps them (name → value): the sign-in tests follow redirects between the desk and
// an identity provider over HTTP, each site with its own jar.
export class CookieJar {
  private cookies = new Map<string, string>();

  /** Takes a response's Set-Cookie headers; an emptied or expired cookie is dropped. */
  take(setCookie: string[] | string | undefined) {
    for (const c of [setCookie ?? []].flat()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(name: string) {
    return this.cookies.get(name);
  }
}
