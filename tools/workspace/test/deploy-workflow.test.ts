/**
 * What the deploy workflow may carry between jobs. A saved plan (`tofu plan -out`) holds the prior state in clear —
 * the Cognito clients' secrets and the API keys' values included — and an artifact is readable by anyone who can
 * read the repository, so no job uploads one: the apply job plans again and applies only a plan whose redacted
 * text is the one reviewed. Every plan passes the deploy identity's values (boundary, key administrators).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { workspace } from './support/scratch-repo.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  steps: Step[];
}

const read = (path: string): unknown => parse(readFileSync(join(workspace, path), 'utf8'));
const deploy = read('.github/workflows/deploy.yml') as { jobs: Record<string, Job> };
const tofuPlan = read('.github/actions/tofu-plan/action.yml') as { runs: { steps: Step[] } };
const jobs = Object.entries(deploy.jobs);

const planUses = (job: Job) => job.steps.filter((step) => step.uses === './.github/actions/tofu-plan');
const appliesTfplan = (step: Step) => /\bapply\b.*\btfplan\b/.test(step.run ?? '');

describe('the deploy workflow', () => {
  it('uploads no saved plan: only the redacted plan.txt, the lock file and the zip', () => {
    for (const [id, job] of jobs) {
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'))) {
        const paths = (step.with?.path ?? '')
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean);
        for (const path of paths) {
          assert.doesNotMatch(
            path,
            /(^|\/)tfplan$|\.tfplan$/,
            `${id} uploads the saved plan ${path}: it holds secrets`,
          );
        }
      }
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/download-artifact@'))) {
        assert.ok(step.with?.path, `${id} downloads an artifact over the checkout: give it a path of its own`);
      }
    }
  });

  it('applies only a plan made in the same job and compared with the reviewed one first', () => {
    const applying = jobs.filter(([, job]) => job.steps.some(appliesTfplan));
    assert.deepEqual(applying.map(([id]) => id).sort(), ['apply-dev', 'apply-prod']);
    for (const [id, job] of applying) {
      const apply = job.steps.findIndex(appliesTfplan);
      const plan = job.steps.findIndex((s) => s.uses === './.github/actions/tofu-plan');
      const compare = job.steps.findIndex((s) => /diff\b.*reviewed\/.*plan\.txt/.test(s.run ?? ''));
      assert.ok(plan >= 0 && plan < apply, `${id} applies a tfplan it did not make`);
      assert.ok(
        compare > plan && compare < apply,
        `${id} applies without comparing its plan with the reviewed plan.txt`,
      );
    }
  });

  it("passes every plan its environment's boundary and key administrators", () => {
    const planned = jobs.flatMap(([id, job]) => planUses(job).map((step) => ({ id, step })));
    assert.ok(planned.length >= 5, 'the pull request, dev and prod plans and the two applies plan through tofu-plan');
    for (const { id, step } of planned) {
      const env = step.with?.environment ?? '';
      const upper = env.toUpperCase();
      assert.match(env, /^(dev|prod)$/, `${id}: tofu-plan without an environment`);
      assert.equal(step.with?.['permissions-boundary-arn'], `\${{ vars.AWS_${upper}_PERMISSIONS_BOUNDARY_ARN }}`, id);
      assert.equal(step.with?.['key-administrator-arns'], `\${{ vars.AWS_${upper}_KEY_ADMINISTRATOR_ARNS }}`, id);
    }
    for (const [id, job] of jobs) {
      for (const step of job.steps) {
        assert.doesNotMatch(step.run ?? '', /\btofu\b.*\bplan\b/, `${id} plans outside tofu-plan (${step.name ?? ''})`);
      }
    }
    const planStep = tofuPlan.runs.steps.find((s) => /\bplan\b.*-out=tfplan/.test(s.run ?? ''));
    assert.ok(planStep, 'tofu-plan runs tofu plan -out=tfplan');
    assert.deepEqual(planStep.env, {
      ENV: '${{ inputs.environment }}',
      TF_VAR_permissions_boundary_arn: '${{ inputs.permissions-boundary-arn }}',
      TF_VAR_key_administrator_arns: '${{ inputs.key-administrator-arns }}',
    });
  });
});
