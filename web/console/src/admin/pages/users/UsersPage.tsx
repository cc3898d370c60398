// Placeholder until this section is built (issue 8).
export default function UsersPage() {
  return <div data-section="users">users</div>;
}
