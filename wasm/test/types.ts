// Type-level test of the package's declarations, checked by
// `tsc --noEmit -p wasm/test` (scripts/test). Never run: if the Article were
// `any`, the @ts-expect-error lines would be unused and tsc would fail.
import init, { extract, Extractor, type Article, type ExtractOptions, type Person, type Quote, type SourceRange } from "../pkg/nutgraf.js";

export async function typed(text: string): Promise<void> {
  await init();
  const options: ExtractOptions = { layers: ["people", "quotes"], published: "2025-08-19", lexicon: [{ name: "Acme", label: "ORG" }] };
  const article: Article = extract(text, options);
  const fromDefault: Article = extract(text);
  const people: Person[] = article.people;
  const name: string = people[0].name;
  const count: number = people[0].count;
  const title: string | null = article.title;
  const org: string | null = people[0].roles[0].organization;
  const quote: Quote = article.quotes[0];
  const speaker: string | null = quote.speaker;
  const cueStart: number | undefined = quote.cue?.start;
  const extractor = new Extractor(options);
  const again: Article = extractor.extract(text);
  void [fromDefault, name, count, title, org, speaker, cueStart, again];

  // @ts-expect-error: a count is a number
  const wrong: string = people[0].count;
  // @ts-expect-error: the title may be null
  const notNull: string = article.title;
  // @ts-expect-error: unknown layer names are rejected at compile time too
  const badLayer: ExtractOptions = { layers: ["gossip"] };
  // @ts-expect-error: labels are a closed set
  const badLabel: ExtractOptions = { lexicon: [{ name: "Acme", label: "COMPANY" }] };
  // @ts-expect-error: no such field on a Person
  const missing = people[0].nickname;
  // HTML input: the clean text and each block's range in the HTML.
  const page: Article = extract("<html><body><p>x</p></body></html>", { format: "html" });
  const clean: string | undefined = page.text;
  const source: SourceRange | undefined = page.blocks[0].source;
  const site: string | undefined = page.site_name;
  // @ts-expect-error: formats are a closed set
  const badFormat: ExtractOptions = { format: "pdf" };
  void [wrong, notNull, badLayer, badLabel, missing, clean, source, site, badFormat];
}
