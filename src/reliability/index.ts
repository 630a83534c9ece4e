export { withRequestBudget } from './budgeted-client.js';
export {
  createRequestBudget,
  PLAN_REQUESTS_PER_DAY,
  PLAN_REQUESTS_PER_MINUTE,
  type RequestBudget,
  type RequestBudgetOptions,
} from './request-budget.js';
