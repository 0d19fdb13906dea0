import { createFileRoute } from '@tanstack/react-router';
import { useSuspenseQuery } from '@tanstack/react-query';
import { convexQuery } from '@convex-dev/react-query';
import { useAuth } from '@workos/authkit-tanstack-react-start/client';
import { api } from '../../../convex/_generated/api';

export const Route = createFileRoute('/_signedIn/numbers')({ component: NumbersPage });

function NumbersPage() {
  const { user, signOut } = useAuth();
  return (
    <main>
      <button onClick={() => signOut()}>Sign out</button>
      {user && <Numbers />}
    </main>
  );
}

function Numbers() {
  const { data } = useSuspenseQuery(convexQuery(api.numbers.list, { count: 10 }));
  return <p>{data.join(', ')}</p>;
}
