// Placeholder until the workspace is built (issue 8).
import { useSession } from '../shared/session';

export function AgentApp() {
  const { user } = useSession();
  return <div data-testid="agent-app">{user.name}</div>;
}
