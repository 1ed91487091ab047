/**
 * GeoReport v2's XML: schemaless, no namespace, one element per JSON field (the "Spark
 * convention" the specification names), a list's items each in an element of the item's name.
 */
const itemNames: Readonly<Record<string, string>> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
};

// XML 1.0 allows no control characters but tab, newline and return, and no lone surrogates.
const notXmlChar = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(text: string): string {
  return text
    .replace(notXmlChar, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function element(name: string, value: unknown, indent: string): string[] {
  if (value === undefined) return [];
  if (value === null || value === '') return [`${indent}<${name}/>`];
  if (Array.isArray(value)) {
    const item = itemNames[name];
    if (!item) throw new Error(`no item element known for the list ${name}`);
    return [`${indent}<${name}>`, ...value.flatMap((v) => element(item, v, `${indent}  `)), `${indent}</${name}>`];
  }
  if (typeof value === 'object') {
    return [`${indent}<${name}>`, ...Object.entries(value).flatMap(([k, v]) => element(k, v, `${indent}  `)), `${indent}</${name}>`];
  }
  return [`${indent}<${name}>${escapeText(String(value))}</${name}>`];
}

/** The document for a JSON answer: `root` names its outer element (`services`, `service_requests`, `errors`…). */
export function toOpen311Xml(root: string, value: unknown): string {
  return ['<?xml version="1.0" encoding="utf-8"?>', ...element(root, value, ''), ''].join('\n');
}
