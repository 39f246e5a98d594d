// Where to go after signing in. Only same-app paths are followed, so a crafted link cannot send anyone off-site.
export function safeReturnPath(target: string | undefined): string | undefined {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return undefined;
  if (target === '/' || target.startsWith('/signin')) return undefined;
  return target;
}
