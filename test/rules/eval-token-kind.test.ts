/**
 * How the eval reads a rule-scope negative (bench/eval-lib.js): a finding counts against the
 * negative only when it is the same provider and the same token kind, as the corpus README's
 * own example says (a Slack bot token on a negative of the user-token rule may fire).
 */
import { describe, expect, it } from 'vitest';
import { differentKind, family, tokenKind } from '../../bench/eval-lib.js';

const differ = (hint: string, rule: string): boolean => differentKind(tokenKind(hint), tokenKind(rule));

describe('token kinds of one provider', () => {
  it.each([
    ['Slack Bot Token', 'slack-user-token Slack user token'],
    ['Slack Workflow Webhook', 'slack-webhook-url Slack incoming webhook URL'],
    ['Hashicorp Vault Service Token (< v1.10)', 'hashicorp-vault-service-token HashiCorp Vault service token (hvs.)'],
    ['Hashicorp Vault Batch Token (>= v1.10)', 'hashicorp-vault-token-legacy HashiCorp Vault token, pre-1.10 format'],
    ['anthropic-api-key', 'anthropic-admin-key Anthropic Admin API key'],
  ])('%s is not %s', (hint, rule) => {
    expect(differ(hint, rule)).toBe(true);
  });
  it.each([
    ['Slack Bot Token', 'slack-bot-token Slack bot token'],
    ['Slack Token', 'slack-bot-token Slack bot token'],
    ['Hashicorp Vault Service Token (>= v1.10)', 'hashicorp-vault-service-token HashiCorp Vault service token (hvs.)'],
    ['gcp-api-key', 'google-api-key Google API key'],
  ])('%s is %s', (hint, rule) => {
    expect(differ(hint, rule)).toBe(false);
  });
  it('maps spellings of one provider to one family', () => {
    expect(family('gcp-api-key')).toBe(family('google-api-key'));
    expect(family('Hashicorp Vault Service Token')).toBe(family('hashicorp-vault-token-legacy'));
  });
});
