/**
 * <Edit> for versioned records (every update carries the version the editor started from):
 *
 * - the form keeps the editor's changes when the record is refetched (live updates), and says so when
 *   someone else saved the record meanwhile;
 * - a save refused with CONFLICT opens a dialog with both versions: keep mine (resave over the current
 *   version), take theirs, or merge by hand (the form keeps mine, theirs stays in view). Nothing is lost;
 * - Ctrl/Cmd+S saves; leaving with unsaved changes asks first.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MutableRefObject,
  type ReactNode,
} from 'react';
import {
  DeleteButton,
  Edit,
  SaveButton,
  Toolbar,
  useNotify,
  useRecordContext,
  useRedirect,
  useResourceContext,
  type EditProps,
  type RaRecord,
  type RedirectionSideEffect,
  type TransformData,
} from 'react-admin';
import { useFormContext, useFormState } from 'react-hook-form';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Typography,
} from '@mui/material';
import {
  conflictOf,
  errorMessage,
  apiErrorOf,
  mergeConflictOf,
  namesOf,
  type MergeConflict,
} from '../graphql/errors';
import { mergedWithAt } from '../graphql/operations';
import { DiffView } from '../diff/DiffView';
import { useSaveShortcut } from './useSaveShortcut';

type VersionedRecord = RaRecord & { version: number };

/** Lets a successful save make the form clean: what it holds is what was saved. */
function useMarkSaved() {
  const { reset, getValues } = useFormContext();
  const { markSaved } = useVersionedEdit();
  useEffect(() => {
    markSaved.current = () => reset(getValues());
    return () => {
      markSaved.current = null;
    };
  }, [markSaved, reset, getValues]);
}

/**
 * For the <SimpleForm resetOptions> of a versioned edit: when the record is refetched (live updates),
 * fields the editor changed keep their values and the form stays dirty (react-hook-form would otherwise
 * report it clean, and the base version would silently move on).
 */
export const KEEP_EDITS_ON_REFETCH = { keepDirtyValues: true, keepDirty: true } as const;

interface Conflict {
  mine: Record<string, unknown>;
  theirs: VersionedRecord;
  /** From a save with baseVersion: the three versions and both resolutions. */
  merge?: MergeConflict<VersionedRecord> | null;
}

interface VersionedEditState {
  baseVersion: MutableRefObject<number | null>;
  /**
   * Set by the form: takes what was just saved as its clean state. Without it, a refetch of the record between
   * the save and the redirect (a live update, an invalidation) resets the form keeping its edits dirty
   * (KEEP_EDITS_ON_REFETCH) and react-admin then asks whether to drop "unsaved" changes that were saved.
   */
  markSaved: MutableRefObject<(() => void) | null>;
  conflict: Conflict | null;
  setConflict(conflict: Conflict | null): void;
  reference: VersionedRecord | null;
  setReference(record: VersionedRecord | null): void;
}

const VersionedEditContext = createContext<VersionedEditState | null>(null);

const BOOKKEEPING = new Set(['id', 'version', 'createdAt', 'updatedAt', 'updatedBy', '__typename']);

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('\n');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields where mine and theirs differ. */
export function conflictingFields(mine: Record<string, unknown>, theirs: Record<string, unknown>): string[] {
  return Object.keys(mine).filter(
    (key) => !BOOKKEEPING.has(key) && key in theirs && show(mine[key]) !== show(theirs[key]),
  );
}

export function VersionedEdit({
  children,
  transform,
  redirect = 'show',
  ...props
}: Omit<EditProps, 'children' | 'mutationMode' | 'mutationOptions' | 'redirect'> & {
  children: ReactNode;
  redirect?: RedirectionSideEffect;
}) {
  const baseVersion = useRef<number | null>(null);
  const markSaved = useRef<(() => void) | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [reference, setReference] = useState<VersionedRecord | null>(null);
  const notify = useNotify();
  const redirectTo = useRedirect();
  const resource = useResourceContext(props);

  const withBaseVersion: TransformData = useCallback(
    async (data, options) => {
      const transformed = (transform ? await transform(data, options) : data) as Record<string, unknown>;
      const base = baseVersion.current ?? transformed.version;
      // baseVersion: the service merges what was saved since with these changes (ra-data-graphql-simple
      // passes it on because updateX declares it).
      return { ...transformed, version: base, baseVersion: base };
    },
    [transform],
  );

  const state = useMemo(
    () => ({ baseVersion, markSaved, conflict, setConflict, reference, setReference }),
    [conflict, reference],
  );

  return (
    <Edit
      {...props}
      mutationMode="pessimistic"
      transform={withBaseVersion}
      mutationOptions={{
        onSuccess: (data: VersionedRecord, variables: { data?: Record<string, unknown> } | undefined) => {
          const sentBase = variables?.data?.baseVersion;
          baseVersion.current = data.version;
          setReference(null);
          if (typeof sentBase === 'number' && data.version > sentBase + 1) {
            void mergedWithAt(String(data.id), data.version)
              .catch(() => [])
              .then((names) => notify(`Saved: merged with ${namesOf(names)}'s changes`, { type: 'success' }));
          } else {
            notify('Saved', { type: 'success' });
          }
          markSaved.current?.();
          redirectTo(redirect, resource, data.id, data);
        },
        onError: (error: unknown, variables: { data?: unknown } | undefined) => {
          const theirs = conflictOf<VersionedRecord>(error);
          if (theirs) {
            setConflict({
              mine: (variables?.data ?? {}) as Record<string, unknown>,
              theirs,
              merge: mergeConflictOf<VersionedRecord>(error),
            });
            notify('Someone else saved this record first: choose what to keep', { type: 'warning' });
            return;
          }
          const field = apiErrorOf(error)?.extensions.field;
          notify(`Not saved: ${errorMessage(error)}`, {
            type: 'error',
            autoHideDuration: typeof field === 'string' ? 6000 : 10000,
          });
        },
      }}
    >
      <VersionedEditContext.Provider value={state}>{children}</VersionedEditContext.Provider>
    </Edit>
  );
}

function useVersionedEdit(): VersionedEditState {
  const state = useContext(VersionedEditContext);
  if (!state) throw new Error('VersionedEditToolbar must be used inside <VersionedEdit>');
  return state;
}

/** Follows the record's version while the form is clean; warns when it moves under unsaved changes. */
function ChangedUnderYou({ labelOf }: { labelOf: (field: string) => string }) {
  const record = useRecordContext<VersionedRecord>();
  const { isDirty } = useFormState();
  const { getValues } = useFormContext();
  const { baseVersion, setConflict, reference } = useVersionedEdit();

  useEffect(() => {
    if (!record) return;
    if (baseVersion.current === null || !isDirty) baseVersion.current = record.version;
  }, [record, isDirty, baseVersion]);

  const stale = record && baseVersion.current !== null && record.version > baseVersion.current;
  return (
    <Box sx={{ width: '100%' }}>
      {stale && isDirty ? (
        <Alert
          severity="warning"
          role="alert"
          sx={{ mb: 1 }}
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => setConflict({ mine: getValues(), theirs: record })}
            >
              Compare
            </Button>
          }
        >
          Someone else saved this record (version {record.version}) while you were editing version{' '}
          {baseVersion.current}. Your changes are kept; saving lets you choose between both versions.
        </Alert>
      ) : null}
      {reference ? <TheirVersion theirs={reference} labelOf={labelOf} /> : null}
    </Box>
  );
}

function TheirVersion({ theirs, labelOf }: { theirs: VersionedRecord; labelOf: (field: string) => string }) {
  const { getValues } = useFormContext();
  const { setReference } = useVersionedEdit();
  const fields = conflictingFields(getValues(), theirs);
  return (
    <Alert severity="info" sx={{ mb: 1 }} onClose={() => setReference(null)}>
      <AlertTitle>Merging by hand with version {theirs.version}</AlertTitle>
      Edit the form until it says what it should, then save. Their values, compared with yours:
      {fields.map((field) => (
        <DiffView
          key={field}
          dense
          label={`${labelOf(field)} (theirs → yours)`}
          before={show(theirs[field])}
          after={show(getValues(field))}
        />
      ))}
    </Alert>
  );
}

function ConflictDialog({ labelOf, submit }: { labelOf: (field: string) => string; submit: () => void }) {
  const { conflict, setConflict, baseVersion, setReference } = useVersionedEdit();
  const { reset, setValue } = useFormContext();
  const { dirtyFields } = useFormState();
  const queryClient = useQueryClient();
  const resource = useResourceContext();
  if (!conflict) return null;
  const { mine, theirs } = conflict;
  const changedByMe = new Set(Object.keys(dirtyFields).filter((key) => !BOOKKEEPING.has(key)));
  const differing = conflictingFields(mine, theirs);
  const mineVsTheirs = differing.filter((field) => changedByMe.has(field));
  const theirsOnly = differing.filter((field) => !changedByMe.has(field));

  /** The form on top of their version: my changed fields stay, the others become theirs. */
  const rebase = () => {
    baseVersion.current = theirs.version;
    reset(theirs, KEEP_EDITS_ON_REFETCH);
  };
  /** Their version with one resolution of the overlap on top: the other side's changes all stay. */
  const settle = (resolution: VersionedRecord) => {
    baseVersion.current = theirs.version;
    reset(theirs);
    for (const [field, value] of Object.entries(resolution)) {
      if (!BOOKKEEPING.has(field) && show(value) !== show(theirs[field])) {
        setValue(field, value, { shouldDirty: true });
      }
    }
    setConflict(null);
    submit();
  };
  const keepMine = () => {
    if (conflict.merge) return settle(conflict.merge.keepYours);
    rebase();
    setConflict(null);
    submit();
  };
  const takeTheirs = () => {
    if (conflict.merge) return settle(conflict.merge.keepTheirs);
    baseVersion.current = theirs.version;
    reset(theirs);
    setConflict(null);
    void queryClient.invalidateQueries({ queryKey: [resource, 'getOne'] });
  };
  const mergeByHand = () => {
    rebase();
    setReference(theirs);
    setConflict(null);
  };

  return (
    <Dialog open onClose={() => setConflict(null)} maxWidth="md" fullWidth aria-labelledby="conflict-title">
      <DialogTitle id="conflict-title">Someone else changed this record</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Version {theirs.version} was saved after the version you edited. Nothing is lost: keep your changes
          on top of theirs, take theirs, or merge them by hand.
        </DialogContentText>
        {mineVsTheirs.length === 0 ? (
          <Typography sx={{ mt: 2 }}>They did not change the fields you edited.</Typography>
        ) : (
          mineVsTheirs.map((field) =>
            conflict.merge ? (
              <Box key={field} sx={{ mt: 2 }}>
                <DiffView
                  context={15}
                  label={`${labelOf(field)}: their changes (${namesOf(conflict.merge.theirsBy)})`}
                  before={show(conflict.merge.base[field])}
                  after={show(theirs[field])}
                />
                <DiffView
                  context={15}
                  label={`${labelOf(field)}: your changes`}
                  before={show(conflict.merge.base[field])}
                  after={show(mine[field])}
                />
              </Box>
            ) : (
              <Box key={field} sx={{ mt: 2 }}>
                <DiffView
                  context={15}
                  label={`${labelOf(field)}: theirs → yours`}
                  before={show(theirs[field])}
                  after={show(mine[field])}
                />
              </Box>
            ),
          )
        )}
        {theirsOnly.length ? (
          <Typography variant="body2" sx={{ mt: 2 }}>
            They also changed {theirsOnly.map(labelOf).join(', ')}: kept as they saved it.
          </Typography>
        ) : null}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={takeTheirs}>Take theirs</Button>
        <Button onClick={mergeByHand}>Merge by hand</Button>
        <Button variant="contained" onClick={keepMine}>
          Keep mine
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The toolbar of a <VersionedEdit> form: save (also Ctrl/Cmd+S), delete, and the conflict handling. */
export function VersionedEditToolbar({
  deletable = true,
  labels = {},
}: {
  deletable?: boolean;
  labels?: Record<string, string>;
}) {
  const anchor = useRef<HTMLSpanElement>(null);
  const submit = useCallback(() => anchor.current?.closest('form')?.requestSubmit(), []);
  useSaveShortcut(submit);
  const labelOf = useCallback((field: string) => labels[field] ?? field, [labels]);
  useMarkSaved();
  return (
    <Toolbar sx={{ flexDirection: 'column', alignItems: 'stretch', gap: 1 }}>
      <ChangedUnderYou labelOf={labelOf} />
      <ConflictDialog labelOf={labelOf} submit={submit} />
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 1 }}>
        <span ref={anchor} hidden />
        <SaveButton alwaysEnable={false} />
        <Typography variant="caption" color="text.secondary" sx={{ display: { xs: 'none', sm: 'block' } }}>
          Ctrl+S / ⌘S saves
        </Typography>
        {deletable ? <DeleteButton mutationMode="pessimistic" /> : <span />}
      </Box>
    </Toolbar>
  );
}
