// Placeholder until this section is built (issue 8).
export default function DashboardPage() {
  return <div data-section="dashboard">dashboard</div>;
}
