// Placeholder until this section is built (issue 8).
export default function SettingsPage() {
  return <div data-section="settings">settings</div>;
}
