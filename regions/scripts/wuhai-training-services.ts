/**
 * Training text we wrote ourselves for the health, labour, education, commerce and civil
 * majors: at least 40 examples per minor across the registers citizens use (formal letters,
 * transcribed hotline calls, short app messages), following the boundaries in
 * docs/classifier.md. Written apart from the evaluation sets; never copy from those or from
 * third-party corpora.
 */
export const servicesExamples: Record<string, string[]> = {};
