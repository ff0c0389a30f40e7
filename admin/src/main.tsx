import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { App } from './App';

/** A data router (so navigation can be blocked on unsaved changes) at the path the service serves: /admin/. */
const basename = import.meta.env.BASE_URL.replace(/\/$/, '');
const router = createBrowserRouter([{ path: '*', element: <App /> }], { basename });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
