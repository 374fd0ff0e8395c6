// `can` is computed from the server's policy table (src/policy.json, kept equal to
// `brobygger routes --policy --json` by the test policy.web_admin_current).
import { describe, expect, it } from 'vitest';
import type { Role, User } from './api';
import policy from './policy.json';
import { allowed, allowedAsOwner, allowedOn, can } from './session';

const user = (role: Role, extra: Partial<User> = {}): User =>
  ({ id: 1, email: 'x@example.dk', name: 'X', role, status: 'active', created_at: '', ...extra }) as User;

describe('can, from the policy table', () => {
  it('follows every rule of the table for every role', () => {
    for (const rule of policy.rules) {
      for (const role of policy.roles as Role[]) {
        const grant = (rule.grants as Record<string, string>)[role];
        expect(allowed(user(role), rule.action), `${rule.action} as ${role}`).toBe(grant !== 'deny');
      }
    }
  });

  it('keeps managers away from people and partners away from planning', () => {
    expect(can.viewContacts(user('manager'))).toBe(false);
    expect(can.viewReports(user('manager'))).toBe(true);
    expect(can.planEvents(user('partner', { organisation_id: 7 }))).toBe(false);
    expect(can.manageUsers(user('officer'))).toBe(false);
    expect(can.manageUsers(user('admin'))).toBe(true);
  });

  it('lets a partner edit only its own organisation', () => {
    const partner = user('partner', { organisation_id: 7 });
    expect(can.editOrganisation(partner, 7)).toBe(true);
    expect(can.editOrganisation(partner, 8)).toBe(false);
    expect(allowedOn(user('officer'), 'organisation.update', 8)).toBe(true);
  });

  it('closes what spans the country to an officer limited to police districts', () => {
    expect(can.viewOutbox(user('officer'))).toBe(true);
    expect(can.viewOutbox(user('officer', { police_district_ids: [3] }))).toBe(false);
  });

  it('refuses an action the table does not know', () => {
    expect(() => allowed(user('admin'), 'no.such_action')).toThrow();
  });

  it('starts officers and admins on "My work" and keeps the dialogue log from managers and partners', () => {
    expect(can.myWork(user('officer'))).toBe(true);
    expect(can.myWork(user('admin'))).toBe(true);
    expect(can.myWork(user('manager'))).toBe(false);
    expect(can.viewActivities(user('partner', { organisation_id: 7 }))).toBe(false);
    expect(can.viewFollowUps(user('manager'))).toBe(false);
  });

  it('lets an officer change their own activities and an admin any', () => {
    const officer = user('officer', { id: 5 });
    expect(can.editActivity(officer, { user_id: 5 })).toBe(true);
    expect(can.editActivity(officer, { user_id: 6 })).toBe(false);
    expect(can.deleteActivity(officer, { user_id: 6 })).toBe(false);
    expect(can.editActivity(user('admin', { id: 1 }), { user_id: 6 })).toBe(true);
    expect(allowedAsOwner(user('manager'), 'activity.update', [1])).toBe(false);
  });

  it('shows a partner the timeline of its own organisation only', () => {
    const partner = user('partner', { organisation_id: 7 });
    expect(can.viewTimeline(partner, 7)).toBe(true);
    expect(can.viewTimeline(partner, 8)).toBe(false);
    expect(can.viewTimeline(user('manager'), 7)).toBe(false);
  });
});
