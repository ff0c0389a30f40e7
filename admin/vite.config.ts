import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The admin is served by the service at /admin/; `npm run dev -w admin` proxies the API to a running service. */
const service = process.env.SERVICE_URL ?? 'http://localhost:4000';

export default defineConfig(({ command }) => {
  // A build is for production whatever NODE_ENV the caller has (jest runs it with NODE_ENV=test, which
  // would otherwise bundle React's development code).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    base: '/admin/',
    plugins: [react()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // No source maps in the build: they would publish the whole source (and weigh 8 MB).
      sourcemap: false,
      chunkSizeWarningLimit: 2500,
    },
    server: {
      proxy: {
        '/graphql': { target: service, ws: true, changeOrigin: true },
      },
    },
  };
});
