// Name lists for the demo's fictional people: a mix of origins, as in a large US city's hospital workforce.

const words = (text: string): string[] => text.trim().split(/\s+/);

export const FIRST_NAMES: readonly string[] = words(`
  Aaliyah Aarav Abigail Adaeze Adrian Aisha Alejandro Alexis Amara Amir Ana Andre Angela Anh Anika
  Antonio Ava Beatriz Benjamin Bianca Brandon Brianna Camila Carlos Caroline Chen Chidi Chloe
  Christopher Claire Daniel Darius David Deepa Destiny Diego Dmitri Elena Elijah Emeka Emily Esther
  Ethan Fatima Felipe Gabriel Grace Hana Hannah Hassan Hector Imani Isabel Isaiah Jamal James Jasmine
  Javier Jennifer Ji-woo Joanna Jonathan Jose Joseph Julia Kateryna Keisha Kenji Kevin Kiara Kwame
  Laila Lauren Leila Liam Linh Lucia Luis Malik Margaret Maria Mariam Mateo Maya Mei Michael Miguel
  Mohammed Monique Nadia Naomi Nathan Neha Nicole Nkechi Noah Olivia Omar Oksana Patrick Paulina Pedro
  Priyanka Rachel Rahul Rebecca Ricardo Rosa Ryan Sakura Samantha Samir Sarah Sean Sofia Sophia
  Stephanie Sunil Tanisha Thanh Theresa Thomas Tiana Tomasz Valentina Vanessa Victor Wei William
  Xavier Yasmin Yusuf Zainab Zoe
`);

export const LAST_NAMES: readonly string[] = words(`
  Abubakar Acosta Adeyemi Agarwal Ahmed Alvarez Anderson Asante Baker Banerjee Bautista Bell Bennett
  Boateng Brooks Brown Bui Campbell Castillo Chandra Chavez Cho Clark Coleman Collins Cruz Davis Desai
  Diallo Diaz Dubois Edwards Evans Fernandez Fischer Flores Foster Garcia Ghosh Gomez Gonzalez Gordon
  Greene Gupta Gutierrez Haddad Hall Harris Hernandez Hoang Hughes Ibrahim Iyer Jackson Jankowski
  Jenkins Johnson Jones Kaur Kelly Khan Kim King Kowalski Kumar Lee Lewis Li Lin Lopez Martin Martinez
  Mbeki Mendoza Mensah Miller Mitchell Moore Morales Morris Murphy Nakamura Nguyen Novak Nwosu O'Brien
  Okeke Oliveira Ortiz Owusu Park Patel Perez Peterson Petrov Phillips Pham Ramirez Ramos Reddy Reed
  Reyes Richardson Rivera Roberts Robinson Rodriguez Rossi Ruiz Saleh Sanchez Santos Schmidt Scott
  Shah Silva Singh Smith Sokolov Stewart Sullivan Suzuki Tanaka Taylor Thomas Thompson Torres Tran
  Turner Vargas Vasquez Walker Wang Washington Watson White Williams Wilson Wong Wright Wu Yamamoto
  Yang Young Zhang Zielinski
`);
