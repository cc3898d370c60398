// Placeholder until this section is built (issue 8).
export default function SynonymsPage() {
  return <div data-section="synonyms">synonyms</div>;
}
