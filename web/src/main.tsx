// Entry point of the Clinidesk web app.
import '@mantine/core/styles.css';
import './app/frame.css';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onSessionLost } from './api/client.ts';
import { createQueryClient, Providers } from './app/providers.tsx';
import { createAppRouter } from './app/router.tsx';
import { sessionQuery } from './app/session.ts';

const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

// When the server says the session is gone (idle timeout, signed out elsewhere), send the person to sign in.
onSessionLost(() => {
  queryClient.setQueryData(sessionQuery.queryKey, null);
  void router.invalidate();
});

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element in index.html');

createRoot(root).render(
  <StrictMode>
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
