import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Document, Spectral } from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';

export interface Finding {
  linter: 'redocly' | 'spectral';
  severity: 'error' | 'warning';
  rule: string;
  message: string;
  where: string;
}

/**
 * The document as the two linters partners use see it: Redocly with its `recommended`
 * rules and Spectral with `spectral:oas`. Called through their Node APIs (what their CLIs
 * run), so a lint takes about a second and needs no network.
 */
export async function lintOpenApi(text: string, source: string): Promise<Finding[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const redocly = await lintFromString({ source: text, absoluteRef: source, config });
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas as never, 'recommended']] } as never);
  const found = await spectral.run(new Document(text, Parsers.Json, source));
  return [
    ...redocly.map((p) => ({
      linter: 'redocly' as const,
      severity: p.severity === 'error' ? ('error' as const) : ('warning' as const),
      rule: p.ruleId,
      message: p.message,
      where: p.location[0]?.pointer ?? '',
    })),
    // Spectral's severities: 0 error, 1 warning, 2 information, 3 hint; the last two are not findings.
    ...found
      .filter((r) => r.severity <= 1)
      .map((r) => ({ linter: 'spectral' as const, severity: r.severity === 0 ? ('error' as const) : ('warning' as const), rule: String(r.code), message: r.message, where: r.path.join('.') })),
  ];
}
