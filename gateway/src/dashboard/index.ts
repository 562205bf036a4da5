export { dashboardRouter, DASHBOARD_DIR } from './router';
