const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Renders the path a value walk is at (`value.items[3].createdAt`) from its stack of steps. Only
 * called to word an error, so the walk itself pushes and pops steps without building strings.
 */
export function formatPath(steps: readonly (string | number)[]): string {
  let path = 'value';
  for (const step of steps) {
    if (typeof step === 'number') path += `[${step}]`;
    else path += IDENTIFIER.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
  }
  return path;
}

/** `Date`, `Map`, `User`...: the name of an object's class, for messages. */
export function className(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'an unnamed class';
}

/**
 * True for objects JSON keeps as they are: `{}` literals, `Object.create(null)` objects and plain
 * objects made in another realm (their prototype is that realm's `Object.prototype`).
 */
export function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/** `a Date`, `an Int8Array`. */
export function withArticle(name: string): string {
  return `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`;
}
