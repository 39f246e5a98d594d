// The signed-in frame: header with the product and the person, navigation to their areas, and the page.
import { AppShell, Burger, Group, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { areasFor } from './areas.ts';
import { BrandMark } from './BrandMark.tsx';
import { SignedInUser } from './SignedInUser.tsx';
import { useSession } from './session.ts';

export function AppFrame() {
  const session = useSession();
  const [navOpen, nav] = useDisclosure(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);

  // After moving to another area, start keyboard and screen reader users at the new page, not the old link.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);

  if (!session) return null;

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpen ? 'Close navigation' : 'Open navigation'}
            />
            <UnstyledButton component={Link} to="/">
              <BrandMark />
            </UnstyledButton>
          </Group>
          <SignedInUser user={session.user} />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Areas">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pb="xs">
          Areas
        </Text>
        {areasFor(session.user.role).map((area) => (
          <NavLink
            key={area.path}
            component={Link}
            to={area.path}
            label={area.label}
            description={area.description}
            active={pathname === area.path || pathname.startsWith(`${area.path}/`)}
            onClick={nav.close}
            variant="light"
            styles={{ label: { fontWeight: 600 } }}
          />
        ))}
      </AppShell.Navbar>

      <AppShell.Main ref={mainRef} id="main" tabIndex={-1} bg="gray.0" style={{ outline: 'none' }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
