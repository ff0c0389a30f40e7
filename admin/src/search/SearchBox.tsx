import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { alpha, Box, InputBase } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';

/** The app bar's search over everything: Enter opens the search page with the words typed. */
export function SearchBox() {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = text.trim();
    if (!query) return;
    navigate(`/search?${new URLSearchParams({ q: query }).toString()}`);
  };
  return (
    <Box
      component="form"
      role="search"
      onSubmit={submit}
      sx={(theme) => ({
        display: 'flex',
        alignItems: 'center',
        mx: 1,
        px: 1,
        borderRadius: 1,
        bgcolor: alpha(theme.palette.common.white, 0.15),
        '&:hover': { bgcolor: alpha(theme.palette.common.white, 0.25) },
      })}
    >
      <SearchIcon fontSize="small" />
      <InputBase
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="Search everything…"
        inputProps={{ 'aria-label': 'Search everything', type: 'search' }}
        sx={{ color: 'inherit', ml: 1, width: { xs: 120, sm: 220 } }}
      />
    </Box>
  );
}
