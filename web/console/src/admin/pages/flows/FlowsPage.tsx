// Placeholder until this section is built (issue 8).
export default function FlowsPage() {
  return <div data-section="flows">flows</div>;
}
