// Reviewed real-code findings: what a person concluded about each finding the default
// configuration still reports on the pinned real-code corpus (bench/node_modules). A finding
// that matches no entry is printed as NOT REVIEWED by `npm run eval -- --real`, so a rule change
// that adds noise shows up at once. Entries name a file pattern and a rule, never a secret.
export const TRIAGE = [];
