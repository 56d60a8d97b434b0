// Shared by integration tests: point the SDK (and child CLI processes) at the moto server that
// the integration project's global setup started.
import { inject } from 'vitest';
import { motoEnv } from '@/scripts/bench/moto.mjs';

export function useMoto() {
  const moto = inject('moto');
  Object.assign(process.env, motoEnv(moto.endpoint));
  return moto;
}
