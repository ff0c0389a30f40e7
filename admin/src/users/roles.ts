export const ROLE_CHOICES = [
  { id: 'EDITOR', name: 'Editor' },
  { id: 'ADMIN', name: 'Admin' },
];
