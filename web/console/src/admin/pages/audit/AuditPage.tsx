// Placeholder until this section is built (issue 8).
export default function AuditPage() {
  return <div data-section="audit">audit</div>;
}
