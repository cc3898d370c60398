// Placeholder until this section is built (issue 8).
export default function KnowledgePage() {
  return <div data-section="knowledge">knowledge</div>;
}
