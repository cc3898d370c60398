// Placeholder until this section is built (issue 8).
export default function TryPage() {
  return <div data-section="try">try</div>;
}
