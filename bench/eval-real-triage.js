// Reviewed real-code findings: what a person concluded about each finding the default
// configuration still reports on the pinned real-code corpus (bench/node_modules). A finding
// that matches no entry is printed as NOT REVIEWED by `npm run eval -- --real`, so a rule change
// that adds noise shows up at once. Entries name a file pattern and a rule, never a secret.
export const TRIAGE = [
  {
    file: /^@secretlint\/secretlint-rule-preset-recommend\/module\/index\.js(?:\.map)?$/,
    rule: /^(?:shopify-app-shared-secret|shopify-access-token|1password-secret-key)$/,
    why: "real-format sample tokens in secretlint's own rule comments (\"e.g.) shpss_…\", a 1Password service-account JSON sample); a scanner's documentation of the formats it detects — kept: the value is indistinguishable from a live token, and the .map repeats the source (sourcesContent)",
  },
  {
    file: /^aws-sdk\/apis\/[a-z0-9-]+\.examples\.json$/,
    rule: /^generic-(?:secret-assignment|named-secret)$/,
    why: 'AWS API reference examples ("ClientSecret", "OldPassword", "RawSecretAccessKey", "SharedSecret", "ActivationKey" fields) with random-looking sample values; nothing in the value marks it as a sample, so only a path rule could drop it (not done: a real key pasted into such a file looks the same)',
  },
  {
    file: /^url\/test\.js$/,
    rule: /^generic-secret-assignment$/,
    why: "the url package's parser tests: the expected auth field of a URL whose user:password pair is one word and punctuation (test fixture)",
  },
];
