import { create } from 'zustand';
import type { StaffStatus } from '../../../shared/contract/staff';

interface StaffState {
  /** Null until the first answer. */
  status: StaffStatus | null;
  /** A change waiting for a manager's PIN (api/client.ts asks through App.tsx). */
  approval: { method: string; resolve: (approved: boolean) => void } | null;
  /** Bumped when a scan reached the lock screen or the approval, where it is ignored. */
  scansIgnored: number;
  setStatus(s: StaffStatus): void;
  ignoreScan(): void;
  setApproval(a: StaffState['approval']): void;
}

export const useStaff = create<StaffState>((set) => ({
  status: null,
  approval: null,
  scansIgnored: 0,
  setStatus: (status) => set({ status }),
  ignoreScan: () => set((s) => ({ scansIgnored: s.scansIgnored + 1 })),
  setApproval: (approval) => set({ approval }),
}));

/** Locked: the shop has accounts and nobody is signed in at this window. */
export const isLocked = (s: StaffStatus | null): boolean => s !== null && s.accountsExist && s.signedIn === null;
