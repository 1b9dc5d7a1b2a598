// The 督办 cycle (SPEC §9): send each unit its list (split), chase the late ones (remind), collect what comes
// back (merge). Every decision — what a unit list holds, what a notice says, which returned record wins — is made
// in this folder; this module is its one entry point.
export * from './common';
export * from './split';
export * from './remind';
export * from './merge';
export * from './records';
