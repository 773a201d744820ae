export { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
