import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsCronExpression, monthlyRunningHours, weeklyRunningHours } from '../../../server/src/engine/dialects/iac/schedule';
import { analyzeFixture } from '../../helpers';

test('stop schedules: weekly running hours from start/stop crons', () => {
  // 07:00-19:00 on working days: 12 h x 5.
  assert.equal(weeklyRunningHours([{ cron: '0 7 * * MON-FRI', capacity: 4 }, { cron: '0 19 * * MON-FRI', capacity: 0 }]), 60);
  assert.equal(weeklyRunningHours([{ cron: '30 8 * * 1-5', capacity: 1 }, { cron: '0 20 * * 1-5', capacity: 0 }]), 57.5);
  // Stopped every night, started every morning, weekends included.
  assert.equal(weeklyRunningHours([{ cron: '0 9 * * *', capacity: 1 }, { cron: '0 21 * * *', capacity: 0 }]), 84);
  // Stopped Friday evening, started Monday morning: runs through the week's nights.
  assert.equal(weeklyRunningHours([{ cron: '0 20 * * FRI', capacity: 0 }, { cron: '0 6 * * MON', capacity: 2 }]), 168 - 58);
  assert.equal(monthlyRunningHours([{ cron: '0 7 * * MON-FRI', capacity: 4 }, { cron: '0 19 * * MON-FRI', capacity: 0 }]), Math.round((60 * 730) / 168));
});

test('stop schedules: a stop alone, steps, day-of-month or malformed crons are not read', () => {
  assert.equal(weeklyRunningHours([{ cron: '0 19 * * MON-FRI', capacity: 0 }]), undefined);
  assert.equal(weeklyRunningHours([{ cron: '0 */2 * * *', capacity: 1 }, { cron: '0 19 * * *', capacity: 0 }]), undefined);
  assert.equal(weeklyRunningHours([{ cron: '0 7 1 * *', capacity: 1 }, { cron: '0 19 * * *', capacity: 0 }]), undefined);
  assert.equal(weeklyRunningHours([{ cron: 'cron(0 7 * * ? *)', capacity: 1 }, { cron: '0 19 * * *', capacity: 0 }]), undefined);
});

test('stop schedules: Terraform ASG schedules (another file of the module) and a GCP instance schedule lower the $/month lens', async () => {
  const r = await analyzeFixture('terraform/scheduled/main.tf');
  const asg = r.estimates.find((e) => e.jobName === 'aws_autoscaling_group workstations');
  assert.ok(asg?.onDemandPerHour !== undefined && asg.monthly, 'ASG priced');
  const hours = Math.round((60 * 730) / 168);
  assert.equal(Math.round(asg.monthly.onDemand ?? NaN), Math.round(asg.onDemandPerHour * hours));
  assert.match(asg.monthly.basis, new RegExp(`^on its stop/start schedule, ${hours} hours per month$`));
  assert.ok(asg.assumptions.some((a) => a.name === 'hours per month' && a.value === String(hours) && a.source.kind === 'file' && /aws_autoscaling_schedule (night, morning|morning, night)/.test(a.source.key)), JSON.stringify(asg.assumptions));
  const devbox = r.estimates.find((e) => e.jobName === 'google_compute_instance devbox');
  assert.ok(devbox?.monthly && devbox.onDemandPerHour !== undefined);
  assert.equal(Math.round(devbox.monthly.onDemand ?? NaN), Math.round(devbox.onDemandPerHour * Math.round((60 * 730) / 168)));
  // The scheduled devbox is not flagged as never stopping.
  assert.equal(r.findings.filter((f) => f.rule === 'no-autostop').length, 0);
});

test('stop schedules: CDK scaleOnSchedule (Schedule.cron and Schedule.expression) lowers the $/month lens; an unreadable schedule keeps 730 h', async () => {
  const r = await analyzeFixture('cdk/scheduled/workstations-stack.ts');
  const scheduled = r.estimates.find((e) => e.jobName === 'autoscaling.AutoScalingGroup GpuWorkstations');
  assert.ok(scheduled?.monthly && scheduled.onDemandPerHour !== undefined, JSON.stringify(r.estimates.map((e) => e.jobName)));
  const hours = Math.round((60 * 730) / 168);
  assert.match(scheduled.monthly.basis, new RegExp(`^on its stop/start schedule, ${hours} hours per month$`));
  assert.equal(Math.round(scheduled.monthly.onDemand ?? NaN), Math.round(scheduled.onDemandPerHour * hours));
  const always = r.estimates.find((e) => e.jobName === 'autoscaling.AutoScalingGroup AlwaysOn');
  assert.match(always?.monthly?.basis ?? '', /always on, 730 hours/);
});

test('stop schedules: EventBridge Scheduler stop/start of an EC2 instance is its idle shutdown and its hours', async () => {
  const r = await analyzeFixture('terraform/ec2-scheduled/main.tf');
  const devbox = r.jobs.find((j) => j.name === 'aws_instance devbox');
  assert.equal(devbox?.idleShutdown?.value, true);
  // cron(0 8 ? * 2-6 *) is Monday-Friday in EventBridge's numbering (1 = Sunday): 11 h x 5 a week.
  assert.equal(devbox?.resource?.hoursPerMonth?.value, Math.round((55 * 730) / 168));
  const trainer = r.jobs.find((j) => j.name === 'aws_instance trainer');
  assert.equal(trainer?.idleShutdown?.value, false);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'no-autostop').map((f) => f.range.start.line + 1), [10]);
});

test('stop schedules: EventBridge six-field crons become five-field ones (day-of-week 1 = Sunday)', () => {
  assert.equal(awsCronExpression('cron(0 19 ? * MON-FRI *)'), '0 19 ? * MON-FRI');
  assert.equal(awsCronExpression('cron(30 7 ? * 2-6 *)'), '30 7 ? * 1-5');
  assert.equal(awsCronExpression('rate(1 hour)'), undefined);
  assert.equal(awsCronExpression('cron(0 7 ? * MON 2027)'), undefined);
});
