/** Markup that is already safe (built by `html` or by the chart builders). */
export class Safe {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!);
}

type Part = Safe | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Safe) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escape(String(part));
}

/**
 * A template tag that escapes every interpolated value (the API's text is citizens' words),
 * except fragments already marked safe; arrays are joined.
 */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Safe {
  let out = strings[0]!;
  parts.forEach((part, i) => (out += render(part) + strings[i + 1]!));
  return new Safe(out);
}
